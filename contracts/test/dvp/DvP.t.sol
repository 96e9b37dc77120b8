// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DvPBase} from "./DvPBase.sol";
import {DvP} from "../../src/dvp/DvP.sol";
import {DvPCodes} from "../../src/dvp/DvPCodes.sol";
import {IDvP} from "../../src/interfaces/IDvP.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {ITokenLock} from "../../src/interfaces/ITokenLock.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";
import {Token} from "../../src/token/Token.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";
import {Roles} from "../../src/libraries/Roles.sol";

/// @dev A payment token that calls back into the DvP from `transferFrom` and records what the DvP answered.
contract ReentrantPaymentToken is ERC20 {
    DvP internal immutable dvp;
    bytes public reentryResult;
    bytes internal reentryCall;

    constructor(DvP dvp_) ERC20("Reentrant", "RE") {
        dvp = dvp_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReentryCall(bytes calldata data) external {
        reentryCall = data;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (reentryCall.length != 0) {
            (, bytes memory result) = address(dvp).call(reentryCall);
            reentryResult = result;
        }
        return super.transferFrom(from, to, value);
    }
}

/// @dev Unit tests of every DvP function and refusal (alice sells the demo asset for Test USD).
contract DvPTest is DvPBase {
    uint256 internal constant AMOUNT = 100e18;
    uint256 internal constant PRICE = 10_000 * TUSD;

    // ------------------------------------------------------------------ constructor and views

    function test_constructor_RevertWhen_FactoryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidAddress.selector, address(0)));
        new DvP(address(0));
    }

    function test_views_Success_WhenFresh() public view {
        assertEq(dvp.factory(), address(factory));
        assertEq(dvp.offerCount(), 0);
        IDvP.Offer memory o = dvp.getOffer(1);
        assertEq(uint8(o.status), uint8(IDvP.OfferStatus.None));
        assertEq(o.seller, address(0));
    }

    // ------------------------------------------------------------------ createOffer

    function test_createOffer_Success_WhenNamedBuyer() public {
        uint64 expiry = uint64(block.timestamp + 1 days);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCreated(1, alice, address(token), AMOUNT, address(usd), PRICE, bob, expiry);
        vm.expectEmit(address(token));
        emit ITokenLock.TokensLocked(alice, address(dvp), AMOUNT);
        vm.prank(alice);
        uint256 id = dvp.createOffer(address(token), AMOUNT, address(usd), PRICE, bob, expiry);

        assertEq(id, 1);
        assertEq(dvp.offerCount(), 1);
        IDvP.Offer memory o = dvp.getOffer(id);
        assertEq(o.seller, alice);
        assertEq(o.expiry, expiry);
        assertEq(uint8(o.status), uint8(IDvP.OfferStatus.Open));
        assertEq(o.token, address(token));
        assertEq(o.paymentToken, address(usd));
        assertEq(o.buyer, bob);
        assertEq(o.amount, AMOUNT);
        assertEq(o.price, PRICE);
        // Locked, not moved and not frozen: the balance stays the seller's.
        assertEq(token.getLockedTokens(alice), AMOUNT);
        assertEq(token.balanceOf(alice), HOLDING);
        assertEq(token.getFrozenTokens(alice), 0);
        assertEq(token.balanceOf(address(dvp)), 0);
    }

    function test_createOffer_Success_WhenAnyBuyerAndIdsSequential() public {
        uint256 first = _offer(AMOUNT, PRICE, address(0));
        uint256 second = _offer(AMOUNT, PRICE, address(0));
        assertEq(first, 1);
        assertEq(second, 2);
        assertEq(token.getLockedTokens(alice), 2 * AMOUNT);
        assertEq(dvp.getOffer(first).buyer, address(0));
    }

    function test_createOffer_Success_WhenLockedTokensCannotBeTransferred() public {
        _offer(HOLDING - 1e18, PRICE, address(0));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 1e18, 2e18));
        token.transfer(bob, 2e18);
    }

    function test_createOffer_RevertWhen_AmountZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidAmount.selector, 0));
        dvp.createOffer(address(token), 0, address(usd), PRICE, bob, uint64(block.timestamp + 1));
    }

    function test_createOffer_RevertWhen_AmountAbove128Bits() public {
        uint256 amount = uint256(type(uint128).max) + 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidAmount.selector, amount));
        dvp.createOffer(address(token), amount, address(usd), PRICE, bob, uint64(block.timestamp + 1));
    }

    function test_createOffer_RevertWhen_PriceZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidPrice.selector, 0));
        dvp.createOffer(address(token), AMOUNT, address(usd), 0, bob, uint64(block.timestamp + 1));
    }

    function test_createOffer_RevertWhen_PriceAbove128Bits() public {
        uint256 price = uint256(type(uint128).max) + 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidPrice.selector, price));
        dvp.createOffer(address(token), AMOUNT, address(usd), price, bob, uint64(block.timestamp + 1));
    }

    function test_createOffer_RevertWhen_PaymentTokenInvalid() public {
        address[3] memory bad = [address(0), address(token), makeAddr("eoa")];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidPaymentToken.selector, bad[i]));
            dvp.createOffer(address(token), AMOUNT, bad[i], PRICE, bob, uint64(block.timestamp + 1));
        }
    }

    function test_createOffer_RevertWhen_ExpiryNotInFuture() public {
        uint64 now_ = uint64(block.timestamp);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidExpiry.selector, now_, block.timestamp));
        dvp.createOffer(address(token), AMOUNT, address(usd), PRICE, bob, now_);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.InvalidExpiry.selector, now_ - 1, block.timestamp));
        dvp.createOffer(address(token), AMOUNT, address(usd), PRICE, bob, now_ - 1);
    }

    function test_createOffer_RevertWhen_UnknownToken() public {
        // A Token clone the platform's factory did not deploy is not trusted, whatever it answers.
        Token rogue = new Token();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.UnknownToken.selector, address(rogue)));
        dvp.createOffer(address(rogue), AMOUNT, address(usd), PRICE, bob, uint64(block.timestamp + 1));
    }

    function test_createOffer_RevertWhen_DvPNotEnabled() public {
        vm.prank(issuer);
        token.setLocker(address(dvp), false);
        _expectOfferRestricted(bob, AMOUNT, DvPCodes.DVP_NOT_ENABLED);
    }

    function test_createOffer_RevertWhen_Paused() public {
        vm.prank(issuer);
        token.pause();
        _expectOfferRestricted(bob, AMOUNT, RestrictionCodes.TOKEN_PAUSED);
    }

    function test_createOffer_RevertWhen_SellerFrozen() public {
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        _expectOfferRestricted(bob, AMOUNT, RestrictionCodes.SENDER_FROZEN);
    }

    function test_createOffer_RevertWhen_BuyerIsSeller() public {
        _expectOfferRestricted(alice, AMOUNT, DvPCodes.SELF_TRADE);
    }

    function test_createOffer_RevertWhen_BalanceShort() public {
        _expectOfferRestricted(bob, HOLDING + 1, DvPCodes.AVAILABLE_BALANCE_SHORT);
    }

    function test_createOffer_RevertWhen_FrozenTokensLeaveTooLittle() public {
        vm.prank(issuer);
        token.freezePartialTokens(alice, HOLDING - AMOUNT + 1);
        _expectOfferRestricted(bob, AMOUNT, DvPCodes.AVAILABLE_BALANCE_SHORT);
    }

    function test_createOffer_RevertWhen_AlreadyLockedByAnotherOffer() public {
        _offer(HOLDING - AMOUNT + 1, PRICE, address(0));
        _expectOfferRestricted(bob, AMOUNT, DvPCodes.AVAILABLE_BALANCE_SHORT);
    }

    function test_createOffer_RevertWhen_NamedBuyerFrozen() public {
        vm.prank(issuer);
        token.setAddressFrozen(bob, true);
        _expectOfferRestricted(bob, AMOUNT, RestrictionCodes.RECIPIENT_FROZEN);
    }

    function test_createOffer_RevertWhen_NamedBuyerNotVerified() public {
        _expectOfferRestricted(dave, AMOUNT, RestrictionCodes.RECIPIENT_NOT_VERIFIED);
    }

    function test_createOffer_RevertWhen_NamedBuyerKycExpired() public {
        vm.warp(kycExpiry);
        _expectOfferRestricted(bob, AMOUNT, RestrictionCodes.RECIPIENT_NOT_VERIFIED);
    }

    function test_createOffer_RevertWhen_NamedBuyerCountryNotAllowed() public {
        _expectOfferRestricted(eve, AMOUNT, RestrictionCodes.COUNTRY_NOT_ALLOWED);
    }

    function test_createOffer_RevertWhen_NamedBuyerWouldExceedMaxBalance() public {
        vm.prank(issuer);
        token.mint(bob, MAX_BALANCE - AMOUNT + 1);
        _expectOfferRestricted(bob, AMOUNT, RestrictionCodes.MAX_BALANCE_EXCEEDED);
    }

    function test_createOffer_RevertWhen_NamedBuyerWouldExceedMaxHolders() public {
        Token small = _smallAsset();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDvP.OfferRestricted.selector, address(small), alice, bob, AMOUNT, RestrictionCodes.MAX_HOLDERS_EXCEEDED
            )
        );
        dvp.createOffer(address(small), AMOUNT, address(usd), PRICE, bob, uint64(block.timestamp + 1 days));
    }

    // ------------------------------------------------------------------ takeOffer

    function test_takeOffer_Success_WhenNamedBuyer() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);

        vm.expectEmit(address(dvp));
        emit IDvP.OfferTaken(id, bob, alice, address(token), AMOUNT, address(usd), PRICE);
        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, address(dvp), AMOUNT);
        vm.prank(bob);
        dvp.takeOffer(id);

        assertEq(usd.balanceOf(bob), USD_FUNDS - PRICE);
        assertEq(usd.balanceOf(alice), USD_FUNDS + PRICE);
        assertEq(token.balanceOf(alice), HOLDING - AMOUNT);
        assertEq(token.balanceOf(bob), AMOUNT);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(usd.allowance(bob, address(dvp)), 0);
        assertEq(usd.balanceOf(address(dvp)), 0);
        assertEq(token.balanceOf(address(dvp)), 0);
        IDvP.Offer memory o = dvp.getOffer(id);
        assertEq(uint8(o.status), uint8(IDvP.OfferStatus.Taken));
        assertEq(o.seller, alice);
        // The terms are cleared (a gas refund); OfferCreated keeps them.
        assertEq(o.token, address(0));
        assertEq(o.amount, 0);
        assertEq(o.price, 0);
    }

    function test_takeOffer_Success_WhenAnyBuyer() public {
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _approve(carol, PRICE);
        vm.prank(carol);
        dvp.takeOffer(id);
        assertEq(token.balanceOf(carol), AMOUNT);
        assertEq(usd.balanceOf(alice), USD_FUNDS + PRICE);
    }

    function test_takeOffer_Success_WhenJustBeforeExpiry() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.warp(block.timestamp + 1 days - 1);
        vm.prank(bob);
        dvp.takeOffer(id);
        assertEq(token.balanceOf(bob), AMOUNT);
    }

    function test_takeOffer_RevertWhen_NotFound() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotFound.selector, 7));
        dvp.takeOffer(7);
    }

    function test_takeOffer_RevertWhen_TakenTwice() public {
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _approve(bob, 2 * PRICE);
        vm.prank(bob);
        dvp.takeOffer(id);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotOpen.selector, id, IDvP.OfferStatus.Taken));
        dvp.takeOffer(id);
    }

    function test_takeOffer_RevertWhen_Cancelled() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(alice);
        dvp.cancelOffer(id);
        _approve(bob, PRICE);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotOpen.selector, id, IDvP.OfferStatus.Cancelled));
        dvp.takeOffer(id);
    }

    function test_takeOffer_RevertWhen_Expired() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        uint64 expiry = uint64(block.timestamp + 1 days);
        vm.warp(expiry);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferExpired.selector, id, expiry));
        dvp.takeOffer(id);
    }

    function test_takeOffer_RevertWhen_NotTheNamedBuyer() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(carol, PRICE);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IDvP.NotOfferBuyer.selector, id, carol));
        dvp.takeOffer(id);
    }

    function test_takeOffer_RevertWhen_SellerTakesOwnOpenOffer() public {
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _approve(alice, PRICE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.NotOfferBuyer.selector, id, alice));
        dvp.takeOffer(id);
    }

    function test_takeOffer_RevertWhen_AllowanceShort() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE - 1);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(dvp), PRICE - 1, PRICE)
        );
        dvp.takeOffer(id);
        _assertUnsettled(id, bob);
    }

    function test_takeOffer_RevertWhen_PaymentBalanceShort() public {
        uint256 id = _offer(AMOUNT, USD_FUNDS + 1, bob);
        _approve(bob, USD_FUNDS + 1);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, USD_FUNDS, USD_FUNDS + 1)
        );
        dvp.takeOffer(id);
        _assertUnsettled(id, bob);
    }

    /// @dev The payment leg would succeed; the token refuses the delivery, so the payment is undone too.
    function test_takeOffer_RevertWhen_BuyerNotVerifiedAtSettlement() public {
        vm.prank(issuer);
        usd.mint(dave, USD_FUNDS);
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _approve(dave, PRICE);
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        dvp.takeOffer(id);
        assertEq(usd.balanceOf(dave), USD_FUNDS);
        assertEq(usd.balanceOf(alice), USD_FUNDS);
        _assertUnsettled(id, dave);
    }

    function test_takeOffer_RevertWhen_KycExpiredSinceOffer() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(officer);
        registry.setKycExpiry(bob, uint64(block.timestamp));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, bob));
        dvp.takeOffer(id);
        _assertUnsettled(id, bob);
    }

    function test_takeOffer_RevertWhen_Paused() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(issuer);
        token.pause();
        vm.prank(bob);
        vm.expectRevert(IToken.TokenPaused.selector);
        dvp.takeOffer(id);
        _assertUnsettled(id, bob);
    }

    function test_takeOffer_RevertWhen_BuyerFrozen() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(issuer);
        token.setAddressFrozen(bob, true);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, bob));
        dvp.takeOffer(id);
        _assertUnsettled(id, bob);
    }

    function test_takeOffer_RevertWhen_ComplianceRefusesMaxHolders() public {
        Token small = _smallAsset();
        vm.prank(alice);
        uint256 id =
            dvp.createOffer(address(small), AMOUNT, address(usd), PRICE, address(0), uint64(block.timestamp + 1 days));
        _approve(bob, PRICE);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, alice, bob, AMOUNT, RestrictionCodes.MAX_HOLDERS_EXCEEDED
            )
        );
        dvp.takeOffer(id);
        assertEq(usd.balanceOf(bob), USD_FUNDS);
        assertEq(small.getLockedTokens(alice), AMOUNT);
    }

    function test_takeOffer_RevertWhen_AgentTookTheLockedTokens() public {
        uint256 id = _offer(600e18, PRICE, bob);
        _approve(bob, PRICE);
        // The agent takes 400 unlocked, then 300 locked tokens.
        vm.prank(issuer);
        token.forcedTransfer(alice, carol, 700e18);
        assertEq(token.getLockedTokens(alice), 300e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 300e18, 600e18));
        dvp.takeOffer(id);
        assertEq(usd.balanceOf(bob), USD_FUNDS);
    }

    function test_takeOffer_RevertWhen_DvPDisabledAfterOffer() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(issuer);
        token.setLocker(address(dvp), false);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, address(dvp)));
        dvp.takeOffer(id);
        assertEq(usd.balanceOf(bob), USD_FUNDS);
    }

    function test_takeOffer_RevertWhen_Reentered() public {
        ReentrantPaymentToken evil = new ReentrantPaymentToken(dvp);
        evil.mint(bob, PRICE);
        vm.prank(alice);
        uint256 id =
            dvp.createOffer(address(token), AMOUNT, address(evil), PRICE, address(0), uint64(block.timestamp + 1 days));
        uint256 other = _offer(AMOUNT, PRICE, address(0));
        evil.setReentryCall(abi.encodeCall(IDvP.cancelOffer, (other)));
        vm.prank(bob);
        evil.approve(address(dvp), PRICE);
        vm.prank(bob);
        dvp.takeOffer(id);
        assertEq(
            evil.reentryResult(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)
        );
        assertEq(uint8(dvp.getOffer(other).status), uint8(IDvP.OfferStatus.Open));
        assertEq(token.balanceOf(bob), AMOUNT);
    }

    // ------------------------------------------------------------------ takeOfferWithPermit

    function test_takeOfferWithPermit_Success_WhenSigned() public {
        (address frank, uint256 key) = _fundedBuyer("frank");
        uint256 id = _offer(AMOUNT, PRICE, frank);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, frank, PRICE, deadline);
        vm.prank(frank);
        dvp.takeOfferWithPermit(id, deadline, v, r, s);
        assertEq(token.balanceOf(frank), AMOUNT);
        assertEq(usd.balanceOf(frank), USD_FUNDS - PRICE);
        assertEq(usd.balanceOf(alice), USD_FUNDS + PRICE);
        assertEq(usd.nonces(frank), 1);
    }

    function test_takeOfferWithPermit_Success_WhenPermitFrontRun() public {
        (address frank, uint256 key) = _fundedBuyer("frank");
        uint256 id = _offer(AMOUNT, PRICE, frank);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, frank, PRICE, deadline);
        // Someone submits the permit first: the DvP's own permit call fails, the allowance stands.
        usd.permit(frank, address(dvp), PRICE, deadline, v, r, s);
        vm.prank(frank);
        dvp.takeOfferWithPermit(id, deadline, v, r, s);
        assertEq(token.balanceOf(frank), AMOUNT);
    }

    function test_takeOfferWithPermit_RevertWhen_BadSignatureAndNoAllowance() public {
        (address frank,) = _fundedBuyer("frank");
        (, uint256 otherKey) = makeAddrAndKey("other");
        uint256 id = _offer(AMOUNT, PRICE, frank);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(otherKey, frank, PRICE, deadline);
        vm.prank(frank);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(dvp), 0, PRICE)
        );
        dvp.takeOfferWithPermit(id, deadline, v, r, s);
    }

    function test_takeOfferWithPermit_RevertWhen_OfferClosedOrUnknown() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(alice);
        dvp.cancelOffer(id);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotOpen.selector, id, IDvP.OfferStatus.Cancelled));
        dvp.takeOfferWithPermit(id, block.timestamp, 27, bytes32(0), bytes32(0));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotFound.selector, 99));
        dvp.takeOfferWithPermit(99, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    // ------------------------------------------------------------------ cancelOffer

    function test_cancelOffer_Success_WhenSeller() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCancelled(id, alice, AMOUNT);
        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, address(dvp), AMOUNT);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Cancelled));
        // The tokens are free again.
        vm.prank(alice);
        token.transfer(bob, HOLDING);
        assertEq(token.balanceOf(bob), HOLDING);
    }

    function test_cancelOffer_Success_WhenSellerAfterExpiry() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.warp(block.timestamp + 30 days);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
    }

    function test_cancelOffer_Success_WhenTokenAgent() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCancelled(id, issuer, AMOUNT);
        vm.prank(issuer); // the issuer is an agent of its token
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
    }

    function test_cancelOffer_Success_WhenTransferManagerOrIssuerRole() public {
        uint64[2] memory roles = [Roles.TRANSFER_MANAGER, Roles.ISSUER];
        for (uint256 i; i < roles.length; ++i) {
            address desk = makeAddr(string.concat("desk", vm.toString(i)));
            IAccessManager manager = IAccessManager(token.authority());
            vm.prank(issuer);
            manager.grantRole(roles[i], desk, 0);
            uint256 id = _offer(AMOUNT, PRICE, bob);
            vm.prank(desk);
            dvp.cancelOffer(id);
            assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Cancelled));
        }
        assertEq(token.getLockedTokens(alice), 0);
    }

    function test_cancelOffer_RevertWhen_RoleHasExecutionDelay() public {
        IAccessManager manager = IAccessManager(token.authority());
        vm.prank(issuer);
        manager.grantRole(Roles.TRANSFER_MANAGER, officer, 1 days);
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(officer);
        vm.expectRevert(abi.encodeWithSelector(IDvP.NotOfferCanceller.selector, id, officer));
        dvp.cancelOffer(id);
    }

    function test_cancelOffer_RevertWhen_NotSellerOrAgent() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        address[3] memory others = [bob, carol, officer];
        for (uint256 i; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(abi.encodeWithSelector(IDvP.NotOfferCanceller.selector, id, others[i]));
            dvp.cancelOffer(id);
        }
    }

    function test_cancelOffer_RevertWhen_AgentOfAnotherAsset() public {
        Token small = _smallAsset(); // issued by the same issuer: give its agent role to officer
        vm.prank(issuer);
        small.addAgent(officer);
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(officer);
        vm.expectRevert(abi.encodeWithSelector(IDvP.NotOfferCanceller.selector, id, officer));
        dvp.cancelOffer(id);
    }

    function test_cancelOffer_RevertWhen_NotOpenOrUnknown() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(alice);
        dvp.cancelOffer(id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotOpen.selector, id, IDvP.OfferStatus.Cancelled));
        dvp.cancelOffer(id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotFound.selector, 5));
        dvp.cancelOffer(5);
    }

    function test_cancelOffer_Success_WhenAgentTookPartOfTheLock() public {
        uint256 id = _offer(600e18, PRICE, bob);
        vm.prank(issuer);
        token.forcedTransfer(alice, carol, 700e18); // 300 of the 600 locked tokens taken
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCancelled(id, alice, 300e18);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Cancelled));
    }

    function test_cancelOffer_Success_WhenAgentBurnedAllLockedTokens() public {
        uint256 id = _offer(HOLDING, PRICE, bob);
        vm.prank(issuer);
        token.burn(alice, HOLDING);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCancelled(id, alice, 0);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Cancelled));
    }

    /// @dev While the issuer has the DvP disabled, the token refuses its unlock: the offer stays open (closing it
    /// without the unlock would leave the seller's tokens locked for good) until the DvP is enabled again.
    function test_cancelOffer_RevertWhen_DvPDisabled() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.prank(issuer);
        token.setLocker(address(dvp), false);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, address(dvp)));
        dvp.cancelOffer(id);
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Open));
        vm.prank(issuer);
        token.setLocker(address(dvp), true);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
    }

    // ------------------------------------------------------------------ releaseExpired

    function test_releaseExpired_Success_WhenExpiredByAnyone() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        vm.warp(block.timestamp + 1 days);
        address keeper = makeAddr("keeper");
        vm.expectEmit(address(dvp));
        emit IDvP.OfferReleased(id, keeper, AMOUNT);
        vm.prank(keeper);
        dvp.releaseExpired(id);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Released));
    }

    function test_releaseExpired_RevertWhen_NotExpired() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        uint64 expiry = uint64(block.timestamp + 1 days);
        vm.warp(expiry - 1);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotExpired.selector, id, expiry));
        dvp.releaseExpired(id);
    }

    function test_releaseExpired_RevertWhen_NotOpenOrUnknown() public {
        uint256 id = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(bob);
        dvp.takeOffer(id);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotOpen.selector, id, IDvP.OfferStatus.Taken));
        dvp.releaseExpired(id);
        vm.expectRevert(abi.encodeWithSelector(IDvP.OfferNotFound.selector, 3));
        dvp.releaseExpired(3);
    }

    function test_releaseExpired_Success_WhenAgentTookPartOfTheLock() public {
        uint256 id = _offer(600e18, PRICE, bob);
        vm.prank(issuer);
        token.burn(alice, 900e18); // 400 unlocked, then 500 locked
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferReleased(id, address(this), 100e18);
        dvp.releaseExpired(id);
        assertEq(token.getLockedTokens(alice), 0);
    }

    // ------------------------------------------------------------------ checkOffer

    function test_checkOffer_Success_WhenAllowed() public view {
        _assertCheckOffer(bob, AMOUNT, 0, "transfer allowed");
        _assertCheckOffer(address(0), HOLDING, 0, "transfer allowed");
    }

    function test_checkOffer_Success_WhenRefusedInWords() public {
        _assertCheckOffer(dave, AMOUNT, 5, "the recipient is not verified");
        _assertCheckOffer(eve, AMOUNT, 6, "the recipient's country is not allowed");
        _assertCheckOffer(alice, AMOUNT, 106, "the seller cannot trade with their own wallet");
        _assertCheckOffer(
            bob, HOLDING + 1, 109, "the amount exceeds the seller's available balance (not frozen, not locked)"
        );
        (uint8 code, string memory reason) = dvp.checkOffer(address(usd), alice, bob, AMOUNT);
        assertEq(code, 108);
        assertEq(reason, "the token is not an asset of this platform");
        vm.prank(issuer);
        token.pause();
        _assertCheckOffer(bob, AMOUNT, 1, "the token is paused");
        vm.prank(issuer);
        token.setLocker(address(dvp), false);
        _assertCheckOffer(bob, AMOUNT, 107, "the issuer has not enabled DvP for this asset");
    }

    // ------------------------------------------------------------------ checkTake

    function test_checkTake_Success_WhenAllowed() public {
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _approve(bob, PRICE);
        _assertCheckTake(id, bob, 0, "transfer allowed");
    }

    function test_checkTake_Success_WhenBuyerRefusedInWords() public {
        uint256 id = _offer(AMOUNT, PRICE, address(0));
        _assertCheckTake(id, dave, 5, "you are not verified for this asset");
        _assertCheckTake(id, eve, 6, "your country is not allowed for this asset");
        _assertCheckTake(id, alice, 106, "you cannot take your own offer");
        // bob has funds but no allowance; carol's funds are short.
        _assertCheckTake(id, bob, 112, "approve the DvP to spend the price first (or take the offer with a permit)");
        vm.prank(carol);
        usd.transfer(bob, USD_FUNDS - PRICE + 1);
        _assertCheckTake(id, carol, 111, "your payment-token balance is below the price");
        vm.prank(issuer);
        token.setAddressFrozen(bob, true);
        _assertCheckTake(id, bob, 3, "your wallet is frozen for this asset");
    }

    function test_checkTake_Success_WhenMaxHoldersInWords() public {
        Token small = _smallAsset();
        vm.prank(alice);
        uint256 id =
            dvp.createOffer(address(small), AMOUNT, address(usd), PRICE, address(0), uint64(block.timestamp + 1 days));
        _approve(bob, PRICE);
        _assertCheckTake(id, bob, 7, "this would exceed the asset's maximum number of holders");
    }

    function test_checkTake_Success_WhenOfferStatesInWords() public {
        _assertCheckTake(42, bob, 100, "there is no such offer");
        uint256 named = _offer(AMOUNT, PRICE, bob);
        _assertCheckTake(named, carol, 105, "the offer is for another buyer");

        uint256 taken = _offer(AMOUNT, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(bob);
        dvp.takeOffer(taken);
        _assertCheckTake(taken, bob, 101, "the offer is already taken");

        uint256 cancelled = _offer(AMOUNT, PRICE, bob);
        vm.prank(alice);
        dvp.cancelOffer(cancelled);
        _assertCheckTake(cancelled, bob, 102, "the offer was cancelled");

        uint256 released = _offer(AMOUNT, PRICE, bob);
        vm.warp(block.timestamp + 1 days);
        _assertCheckTake(released, bob, 104, "the offer has expired");
        dvp.releaseExpired(released);
        _assertCheckTake(released, bob, 103, "the offer expired and was closed");
    }

    function test_checkTake_Success_WhenTokenStatesInWords() public {
        uint256 id = _offer(600e18, PRICE, bob);
        _approve(bob, PRICE);
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        _assertCheckTake(id, bob, 2, "the sender's wallet is frozen");
        vm.prank(issuer);
        token.setAddressFrozen(alice, false);

        // An agent freezes part of the locked tokens: the delivery would need frozen tokens.
        vm.prank(issuer);
        token.freezePartialTokens(alice, 500e18);
        _assertCheckTake(id, bob, 4, "the amount exceeds the sender's available (unfrozen) balance");
        vm.prank(bob);
        vm.expectRevert();
        dvp.takeOffer(id);
        vm.prank(issuer);
        token.unfreezePartialTokens(alice, 500e18);
        _assertCheckTake(id, bob, 0, "transfer allowed");

        vm.prank(issuer);
        token.pause();
        _assertCheckTake(id, bob, 1, "the token is paused");
        vm.prank(issuer);
        token.unpause();

        vm.prank(issuer);
        token.forcedTransfer(alice, carol, 700e18);
        _assertCheckTake(
            id, bob, 110, "the offered tokens are no longer locked in the seller's wallet (an agent moved them)"
        );

        vm.prank(issuer);
        token.setLocker(address(dvp), false);
        _assertCheckTake(id, bob, 107, "the issuer has not enabled DvP for this asset");
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Any amount and price: both legs move exactly, nothing stays in the DvP.
    function testFuzz_takeOffer_MovesBothLegsExactly(uint256 amount, uint256 price) public {
        amount = bound(amount, 1, HOLDING);
        price = bound(price, 1, USD_FUNDS);
        uint256 id = _offer(amount, price, address(0));
        _approve(bob, price);
        vm.prank(bob);
        dvp.takeOffer(id);
        assertEq(token.balanceOf(alice), HOLDING - amount);
        assertEq(token.balanceOf(bob), amount);
        assertEq(usd.balanceOf(bob), USD_FUNDS - price);
        assertEq(usd.balanceOf(alice), USD_FUNDS + price);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(usd.balanceOf(address(dvp)), 0);
        assertEq(token.balanceOf(address(dvp)), 0);
    }

    /// @dev The seller can offer exactly its available balance and not one unit more.
    function testFuzz_createOffer_LocksAtMostAvailable(uint256 frozen, uint256 first, uint256 amount) public {
        frozen = bound(frozen, 0, HOLDING);
        first = bound(first, 0, HOLDING - frozen);
        if (frozen != 0) {
            vm.prank(issuer);
            token.freezePartialTokens(alice, frozen);
        }
        if (first != 0) _offer(first, 1, address(0));
        uint256 available = HOLDING - frozen - first;
        amount = bound(amount, 1, HOLDING + 1);
        if (amount > available) {
            _expectOfferRestricted(bob, amount, DvPCodes.AVAILABLE_BALANCE_SHORT);
        } else {
            _offer(amount, 1, bob);
            assertEq(token.getLockedTokens(alice), first + amount);
        }
    }

    /// @dev Whatever an agent move took, closing the offer releases exactly what is still locked of it and closes.
    function testFuzz_cancelOffer_UnlocksWhatTheAgentLeft(uint256 amount, uint256 taken) public {
        amount = bound(amount, 1, HOLDING);
        taken = bound(taken, 0, HOLDING);
        uint256 id = _offer(amount, PRICE, bob);
        if (taken != 0) {
            vm.prank(issuer);
            token.forcedTransfer(alice, carol, taken);
        }
        uint256 free = HOLDING - amount;
        uint256 left = taken > free ? amount - (taken - free) : amount;
        assertEq(token.getLockedTokens(alice), left);
        vm.expectEmit(address(dvp));
        emit IDvP.OfferCancelled(id, alice, left);
        vm.prank(alice);
        dvp.cancelOffer(id);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(token.balanceOf(alice), HOLDING - taken);
    }

    /// @dev The pre-check agrees with settlement: `checkTake` answers 0 exactly when `takeOffer` succeeds.
    function testFuzz_checkTake_AgreesWithSettlement(
        uint256 buyerSeed,
        uint256 amount,
        uint256 price,
        uint256 allowance
    ) public {
        address[5] memory buyers = [bob, carol, dave, eve, alice];
        address buyer = buyers[buyerSeed % buyers.length];
        amount = bound(amount, 1, HOLDING);
        price = bound(price, 1, 2 * USD_FUNDS);
        allowance = bound(allowance, 0, 2 * USD_FUNDS);
        if (buyerSeed % 3 == 0 && (buyer == bob || buyer == carol)) {
            // The buyer already holds so much that the offer would take it over the maximum balance.
            vm.prank(issuer);
            token.mint(buyer, MAX_BALANCE - amount + 1);
        }
        uint256 id = _offer(amount, price, address(0));
        _approve(buyer, allowance);
        (uint8 code,) = dvp.checkTake(id, buyer);
        vm.prank(buyer);
        (bool ok,) = address(dvp).call(abi.encodeCall(IDvP.takeOffer, (id)));
        assertEq(ok, code == 0, "checkTake disagrees with takeOffer");
    }

    // ------------------------------------------------------------------ helpers

    function _expectOfferRestricted(address buyer, uint256 amount, uint8 code) internal {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IDvP.OfferRestricted.selector, address(token), alice, buyer, amount, code)
        );
        dvp.createOffer(address(token), amount, address(usd), PRICE, buyer, uint64(block.timestamp + 1 days));
    }

    function _assertCheckOffer(address buyer, uint256 amount, uint8 code, string memory reason) internal view {
        (uint8 c, string memory r) = dvp.checkOffer(address(token), alice, buyer, amount);
        assertEq(c, code, "code");
        assertEq(r, reason, "reason");
    }

    function _assertCheckTake(uint256 id, address buyer, uint8 code, string memory reason) internal view {
        (uint8 c, string memory r) = dvp.checkTake(id, buyer);
        assertEq(c, code, "code");
        assertEq(r, reason, "reason");
    }

    /// @dev Nothing moved and the offer is still open and locked.
    function _assertUnsettled(uint256 id, address buyer) internal view {
        assertEq(uint8(dvp.getOffer(id).status), uint8(IDvP.OfferStatus.Open));
        assertEq(token.balanceOf(alice), HOLDING);
        assertEq(token.balanceOf(buyer), 0);
        assertEq(token.getLockedTokens(alice), dvp.getOffer(id).amount);
        assertEq(usd.balanceOf(alice), USD_FUNDS);
    }

    /// @dev A second demo-like asset with at most one holder; alice holds 1,000 tokens, the DvP is enabled.
    function _smallAsset() internal returns (Token small) {
        ITokenFactory.AssetParams memory p = _demoParams();
        p.symbol = "TDF1";
        p.maxHolders = 1;
        (small,) = _deploy(p);
        vm.startPrank(issuer);
        small.setLocker(address(dvp), true);
        small.mint(alice, HOLDING);
        vm.stopPrank();
    }

    function _fundedBuyer(string memory label) internal returns (address wallet, uint256 key) {
        (wallet, key) = makeAddrAndKey(label);
        _register(wallet, USA);
        vm.prank(issuer);
        usd.mint(wallet, USD_FUNDS);
    }

    function _signPermit(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(dvp),
                value,
                usd.nonces(owner),
                deadline
            )
        );
        (v, r, s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash)));
    }
}
