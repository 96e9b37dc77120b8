// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {IToken} from "../interfaces/IToken.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";
import {AgentRole} from "../roles/AgentRole.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title Token
/// @notice Tessera's ERC-3643 security token, deployed per asset as an EIP-1167 clone by the TokenFactory.
/// @dev Every transfer rule lives in the single `_update` override. Agent moves (forced transfer, burn, recovery)
/// set a transient flag that `_update` reads to skip holder-only rules.
contract Token is IToken, ERC20Upgradeable, OwnableUpgradeable, AgentRole {
    /// @custom:storage-location erc7201:tessera.storage.Token
    struct TokenStorage {
        address identityRegistry;
        uint8 decimals;
        uint8 assetClass;
        bool paused;
        address compliance;
        address onchainID;
        mapping(address wallet => bool) frozen;
        mapping(address wallet => uint256) frozenTokens;
    }

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.Token")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE = 0x04eabb49847ca13db4b502e1a8bdf3ccf7df45a07f0293eddf57fa5103e6cd00;

    /// @dev Set for the duration of an agent move; cleared at the end of it (transient: never persists).
    bool private transient _agentMove;

    function _s() private pure returns (TokenStorage storage $) {
        assembly {
            $.slot := STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes a clone. The owner also becomes the first agent.
    /// @dev Reverts with `DecimalsOutOfRange`, `InvalidAssetClass` or `InvalidAddress`.
    /// @param initialOwner Owner and first agent (the issuer).
    /// @param name_ ERC-20 name.
    /// @param symbol_ ERC-20 symbol.
    /// @param decimals_ Decimals, 0..18.
    /// @param assetClass_ 0 fund share, 1 bond, 2 equity, 3 real estate.
    /// @param identityRegistry_ The identity registry.
    /// @param compliance_ The compliance (bound to this token by its owner).
    /// @param onchainID_ The token's own ONCHAINID, or zero.
    function initialize(
        address initialOwner,
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint8 assetClass_,
        address identityRegistry_,
        address compliance_,
        address onchainID_
    ) external initializer {
        if (decimals_ > 18) revert DecimalsOutOfRange(decimals_);
        if (assetClass_ > 3) revert InvalidAssetClass(assetClass_);
        __ERC20_init(name_, symbol_);
        __Ownable_init(initialOwner);
        _addAgent(initialOwner);
        _initStorage(decimals_, assetClass_, identityRegistry_, compliance_, onchainID_);
        emit UpdatedTokenInformation(name_, symbol_, decimals_, version(), onchainID_);
    }

    function _initStorage(
        uint8 decimals_,
        uint8 assetClass_,
        address identityRegistry_,
        address compliance_,
        address onchainID_
    ) private {
        if (identityRegistry_ == address(0)) revert InvalidAddress(identityRegistry_);
        if (compliance_ == address(0)) revert InvalidAddress(compliance_);
        TokenStorage storage $ = _s();
        $.decimals = decimals_;
        $.assetClass = assetClass_;
        $.identityRegistry = identityRegistry_;
        $.compliance = compliance_;
        $.onchainID = onchainID_;
        emit IdentityRegistryAdded(identityRegistry_);
        emit ComplianceAdded(compliance_);
    }

    // ------------------------------------------------------------------ owner

    /// @inheritdoc IAgentRole
    function addAgent(address agent) external onlyOwner {
        _addAgent(agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address agent) external onlyOwner {
        _removeAgent(agent);
    }

    /// @inheritdoc IToken
    function setIdentityRegistry(address identityRegistry_) external onlyOwner {
        if (identityRegistry_ == address(0)) revert InvalidAddress(identityRegistry_);
        _s().identityRegistry = identityRegistry_;
        emit IdentityRegistryAdded(identityRegistry_);
    }

    /// @inheritdoc IToken
    function setCompliance(address compliance_) external onlyOwner {
        if (compliance_ == address(0)) revert InvalidAddress(compliance_);
        _s().compliance = compliance_;
        emit ComplianceAdded(compliance_);
    }

    /// @inheritdoc IToken
    function setOnchainID(address onchainID_) external onlyOwner {
        _s().onchainID = onchainID_;
        emit UpdatedTokenInformation(name(), symbol(), decimals(), version(), onchainID_);
    }

    // ------------------------------------------------------------------ agent

    /// @inheritdoc IToken
    function mint(address to, uint256 amount) external onlyAgent {
        _mint(to, amount);
    }

    /// @inheritdoc IToken
    function burn(address from, uint256 amount) external onlyAgent {
        _agentMove = true;
        _burn(from, amount);
        _agentMove = false;
    }

    /// @inheritdoc IToken
    function pause() external onlyAgent {
        TokenStorage storage $ = _s();
        if ($.paused) revert TokenPaused();
        $.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IToken
    function unpause() external onlyAgent {
        TokenStorage storage $ = _s();
        if (!$.paused) revert TokenNotPaused();
        $.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IToken
    function setAddressFrozen(address wallet, bool freeze) external onlyAgent {
        _s().frozen[wallet] = freeze;
        emit AddressFrozen(wallet, freeze, msg.sender);
    }

    /// @inheritdoc IToken
    function freezePartialTokens(address wallet, uint256 amount) external onlyAgent {
        TokenStorage storage $ = _s();
        uint256 balance = balanceOf(wallet);
        uint256 current = $.frozenTokens[wallet];
        // Written as a subtraction so a huge `amount` cannot overflow; current <= balance always holds.
        if (amount > balance - current) revert FreezeExceedsBalance(wallet, balance - current, amount);
        $.frozenTokens[wallet] = current + amount;
        emit TokensFrozen(wallet, amount);
    }

    /// @inheritdoc IToken
    function unfreezePartialTokens(address wallet, uint256 amount) external onlyAgent {
        TokenStorage storage $ = _s();
        uint256 current = $.frozenTokens[wallet];
        if (amount > current) revert UnfreezeExceedsFrozen(wallet, current, amount);
        // Cannot underflow: checked just above.
        unchecked {
            $.frozenTokens[wallet] = current - amount;
        }
        emit TokensUnfrozen(wallet, amount);
    }

    /// @inheritdoc IToken
    function forcedTransfer(address from, address to, uint256 amount) external onlyAgent returns (bool) {
        _agentMove = true;
        _transfer(from, to, amount);
        _agentMove = false;
        return true;
    }

    /// @inheritdoc IToken
    function recoveryAddress(address lostWallet, address newWallet, address investorOnchainID)
        external
        onlyAgent
        returns (bool)
    {
        TokenStorage storage $ = _s();
        uint256 balance = balanceOf(lostWallet);
        if (balance == 0) revert NothingToRecover(lostWallet);
        address actual = IIdentityRegistry($.identityRegistry).identity(newWallet);
        if (actual != investorOnchainID) revert RecoveryIdentityMismatch(newWallet, investorOnchainID, actual);
        uint256 frozenAmount = $.frozenTokens[lostWallet];
        bool wasFrozen = $.frozen[lostWallet];

        _agentMove = true;
        _transfer(lostWallet, newWallet, balance); // releases the lost wallet's frozen tokens
        _agentMove = false;

        if (frozenAmount != 0) {
            $.frozenTokens[newWallet] += frozenAmount;
            emit TokensFrozen(newWallet, frozenAmount);
        }
        if (wasFrozen && !$.frozen[newWallet]) {
            $.frozen[newWallet] = true;
            emit AddressFrozen(newWallet, true, msg.sender);
        }
        emit RecoverySuccess(lostWallet, newWallet, investorOnchainID);
        return true;
    }

    /// @inheritdoc IToken
    function batchMint(address[] calldata to, uint256[] calldata amounts) external onlyAgent {
        uint256 n = to.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _mint(to[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function batchBurn(address[] calldata from, uint256[] calldata amounts) external onlyAgent {
        uint256 n = from.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        _agentMove = true;
        for (uint256 i; i < n; ++i) {
            _burn(from[i], amounts[i]);
        }
        _agentMove = false;
    }

    /// @inheritdoc IToken
    function batchTransfer(address[] calldata to, uint256[] calldata amounts) external {
        uint256 n = to.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _transfer(msg.sender, to[i], amounts[i]);
        }
    }

    // ------------------------------------------------------------------ views

    /// @notice Token decimals, 0..18, fixed at initialization.
    function decimals() public view override returns (uint8) {
        return _s().decimals;
    }

    /// @inheritdoc IToken
    function identityRegistry() external view returns (address) {
        return _s().identityRegistry;
    }

    /// @inheritdoc IToken
    function compliance() external view returns (address) {
        return _s().compliance;
    }

    /// @inheritdoc IToken
    function onchainID() external view returns (address) {
        return _s().onchainID;
    }

    /// @inheritdoc IToken
    function version() public pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IToken
    function assetClass() external view returns (uint8) {
        return _s().assetClass;
    }

    /// @inheritdoc IToken
    function paused() external view returns (bool) {
        return _s().paused;
    }

    /// @inheritdoc IToken
    function isFrozen(address wallet) external view returns (bool) {
        return _s().frozen[wallet];
    }

    /// @inheritdoc IToken
    function getFrozenTokens(address wallet) external view returns (uint256) {
        return _s().frozenTokens[wallet];
    }

    /// @inheritdoc IToken
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IToken
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        TokenStorage storage $ = _s();
        if (from != address(0)) {
            if ($.paused) return RestrictionCodes.TOKEN_PAUSED;
            if ($.frozen[from]) return RestrictionCodes.SENDER_FROZEN;
            if ($.frozen[to]) return RestrictionCodes.RECIPIENT_FROZEN;
            // frozenTokens <= balance always holds, so the subtraction cannot underflow.
            if (amount > balanceOf(from) - $.frozenTokens[from]) return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
        }
        if (!IIdentityRegistry($.identityRegistry).isVerified(to)) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        return IModularCompliance($.compliance).detectTransferRestriction(from, to, amount);
    }

    /// @inheritdoc IToken
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return RestrictionCodes.message(restrictionCode);
    }

    // ------------------------------------------------------------------ the one transfer hook

    /// @dev All rules for mints, burns and transfers. Order of holder-transfer checks matches
    /// `detectTransferRestriction`, so the pre-check and the revert always agree.
    function _update(address from, address to, uint256 amount) internal override {
        TokenStorage storage $ = _s();
        IModularCompliance comp = IModularCompliance($.compliance);

        if (from == address(0)) {
            // Mint: the recipient must be verified and compliance must allow it (pause does not apply).
            if (!IIdentityRegistry($.identityRegistry).isVerified(to)) revert RecipientNotVerified(to);
            uint8 code = comp.detectTransferRestriction(address(0), to, amount);
            if (code != RestrictionCodes.SUCCESS) revert TransferNotCompliant(from, to, amount, code);
            super._update(from, to, amount);
            comp.created(to, amount);
            return;
        }

        if (_agentMove) {
            // Forced transfer, recovery or burn: frozen tokens are released as needed; a recipient must be verified.
            if (to != address(0) && !IIdentityRegistry($.identityRegistry).isVerified(to)) {
                revert RecipientNotVerified(to);
            }
            uint256 balance = balanceOf(from);
            uint256 frozenAmount = $.frozenTokens[from];
            // frozenAmount <= balance always holds.
            uint256 free = balance - frozenAmount;
            if (amount > free) {
                uint256 release = amount - free;
                if (release > frozenAmount) release = frozenAmount; // amount > balance: super._update reverts
                // Cannot underflow: release <= frozenAmount.
                unchecked {
                    $.frozenTokens[from] = frozenAmount - release;
                }
                emit TokensUnfrozen(from, release);
            }
            super._update(from, to, amount);
            if (to == address(0)) comp.destroyed(from, amount);
            else comp.transferred(from, to, amount);
            return;
        }

        // Holder transfer (to is never zero here: ERC20 rejects the zero receiver and burns are agent moves).
        if ($.paused) revert TokenPaused();
        if ($.frozen[from]) revert WalletFrozen(from);
        if ($.frozen[to]) revert WalletFrozen(to);
        {
            uint256 frozenAmount = $.frozenTokens[from];
            if (frozenAmount != 0) {
                uint256 balance = balanceOf(from);
                // frozenAmount <= balance always holds.
                if (amount > balance - frozenAmount) {
                    revert InsufficientUnfrozenBalance(from, balance - frozenAmount, amount);
                }
            }
        }
        if (!IIdentityRegistry($.identityRegistry).isVerified(to)) revert RecipientNotVerified(to);
        {
            uint8 code = comp.detectTransferRestriction(from, to, amount);
            if (code != RestrictionCodes.SUCCESS) revert TransferNotCompliant(from, to, amount, code);
        }
        super._update(from, to, amount);
        comp.transferred(from, to, amount);
    }
}
