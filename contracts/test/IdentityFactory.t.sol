// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "forge-std/Test.sol";
import {console2} from "forge-std/console2.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IdentityFactory} from "../src/registry/IdentityFactory.sol";
import {IdentityRegistry} from "../src/registry/IdentityRegistry.sol";
import {IOnchainIdentity, OnchainIdArtifacts} from "./utils/OnchainId.sol";

/// @dev Tessera's IdentityFactory over ONCHAINID's IdFactory (npm artifacts), deployed through the deterministic
/// CREATE2 deployer: the same factory and identity addresses on two chains (the second chain simulated by reverting
/// the state and changing the chain id and the deployer's nonce).
contract IdentityFactoryTest is Test {
    address internal constant CREATE2_DEPLOYER = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    string internal constant ARTIFACTS = OnchainIdArtifacts.DIR;
    bytes32 internal constant SALT = keccak256("tessera.identity-factory");

    address internal admin = makeAddr("admin");
    address internal officer = makeAddr("officer");
    address internal alice = makeAddr("alice");

    function _create2(bytes memory initcode) internal returns (address a) {
        a = vm.computeCreate2Address(SALT, keccak256(initcode), CREATE2_DEPLOYER);
        if (a.code.length != 0) return a;
        (bool ok,) = CREATE2_DEPLOYER.call(abi.encodePacked(SALT, initcode));
        require(ok && a.code.length != 0, "CREATE2 deployment failed");
    }

    /// @dev What the SDK's deployIdentityFactory does: the Identity library, then the gate (which deploys
    /// ONCHAINID's ImplementationAuthority and IdFactory), then the registry trusted.
    function _deployPlatform() internal returns (IdentityFactory f, IdentityRegistry registry) {
        address implementation =
            _create2(abi.encodePacked(vm.getCode(string.concat(ARTIFACTS, "Identity.sol/Identity.json")), abi.encode(CREATE2_DEPLOYER, true)));
        f = IdentityFactory(
            _create2(
                abi.encodePacked(
                    type(IdentityFactory).creationCode,
                    abi.encode(
                        admin,
                        implementation,
                        vm.getCode(string.concat(ARTIFACTS, "proxy/ImplementationAuthority.sol/ImplementationAuthority.json")),
                        vm.getCode(string.concat(ARTIFACTS, "factory/IdFactory.sol/IdFactory.json"))
                    )
                )
            )
        );
        registry = new IdentityRegistry(admin);
        vm.startPrank(admin);
        registry.addAgent(officer);
        f.setRegistry(address(registry), true);
        vm.stopPrank();
    }

    function test_createIdentity_Success_WhenSameAddressOnTwoChains() public {
        assertGt(CREATE2_DEPLOYER.code.length, 0, "the CREATE2 deployer is on the chain");
        uint256 snapshot = vm.snapshotState();
        vm.chainId(31337);
        (IdentityFactory f1,) = _deployPlatform();
        vm.prank(officer);
        address id1 = f1.createIdentity(alice, _salt(alice));

        vm.revertToState(snapshot);
        vm.chainId(31338);
        new IdentityRegistry(admin); // other deployments first: nonces differ from the first chain's
        vm.setNonce(admin, 42);
        (IdentityFactory f2,) = _deployPlatform();
        vm.prank(officer);
        address id2 = f2.createIdentity(alice, _salt(alice));

        assertEq(address(f2), address(f1), "same factory");
        assertEq(address(f2.idFactory()), address(f1.idFactory()), "same ONCHAINID IdFactory");
        assertEq(id2, id1, "same identity");
        assertEq(f2.identityOf(alice), id2);
        assertEq(id2, _predict(f2, _salt(alice)), "the address is the salt's alone");
        _assertKeys(f2, id2, alice, officer);
    }

    /// @dev The salt createIdentity takes for `wallet`: its address in lower-case hex (the SDK's identitySalt).
    function _salt(address wallet) internal pure returns (string memory) {
        return Strings.toHexString(wallet);
    }

    /// @dev The identity's address is CREATE2 from the IdFactory over an IdentityProxy whose constructor key is the
    /// IdFactory itself: only the salt varies (what the SDK's predictIdentityAddress computes).
    function _predict(IdentityFactory f, string memory salt) internal view returns (address) {
        bytes memory initcode = abi.encodePacked(
            vm.getCode(string.concat(ARTIFACTS, "proxy/IdentityProxy.sol/IdentityProxy.json")),
            abi.encode(address(f.implementationAuthority()), address(f.idFactory()))
        );
        return vm.computeCreate2Address(keccak256(abi.encodePacked("OID", salt)), keccak256(initcode), address(f.idFactory()));
    }

    /// @dev The wallet is the only management key, the creator holds a claim key and nothing more, the factories none.
    function _assertKeys(IdentityFactory f, address identity, address wallet, address creator) internal view {
        IOnchainIdentity id = IOnchainIdentity(identity);
        assertTrue(id.keyHasPurpose(keccak256(abi.encode(wallet)), 1), "the wallet manages it");
        assertTrue(id.keyHasPurpose(keccak256(abi.encode(creator)), 3), "the creator has a claim key");
        assertFalse(id.keyHasPurpose(keccak256(abi.encode(creator)), 1), "the creator does not manage it");
        assertFalse(id.keyHasPurpose(keccak256(abi.encode(creator)), 2), "nor act for it");
        assertFalse(id.keyHasPurpose(keccak256(abi.encode(address(f))), 1), "the gate keeps no key");
        assertFalse(id.keyHasPurpose(keccak256(abi.encode(address(f.idFactory()))), 1), "nor does the IdFactory");
    }

    function test_createIdentity_Success_WhenOwnerCreatesForAnyWallet() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.prank(admin);
        address id = f.createIdentity(alice, _salt(alice));
        _assertKeys(f, id, alice, admin);
    }

    /// @dev The investor (management key) removes the creator's claim key; the creator can never add keys.
    function test_createIdentity_Success_WhenInvestorRemovesCreatorClaimKey() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.prank(officer);
        IOnchainIdentity id = IOnchainIdentity(f.createIdentity(alice, _salt(alice)));
        bytes32 officerKey = keccak256(abi.encode(officer));
        vm.prank(officer);
        vm.expectRevert("Permissions: Sender does not have management key");
        id.addKey(officerKey, 1, 1);
        vm.prank(alice);
        id.removeKey(officerKey, 3);
        assertFalse(id.keyHasPurpose(officerKey, 3), "the claim key is gone");
    }

    function test_createIdentity_Success_WhenCallerIsTheWallet() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.prank(officer);
        IOnchainIdentity id = IOnchainIdentity(f.createIdentity(officer, _salt(officer)));
        assertTrue(id.keyHasPurpose(keccak256(abi.encode(officer)), 1), "its own management key (every purpose)");
    }

    /// @dev Gas of an identity created by a registry agent (checks, ONCHAINID's IdFactory, an IdentityProxy).
    function test_gas_CreateIdentity() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.prank(officer);
        uint256 g = gasleft();
        f.createIdentity(alice, _salt(alice));
        console2.log("createIdentity (registry agent), gas:", g - gasleft());
    }

    function test_createIdentity_RevertWhen_CallerNotAgentNorOwner() public {
        (IdentityFactory f,) = _deployPlatform();
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.CallerNotIdentityCreator.selector, stranger));
        f.createIdentity(alice, _salt(alice));
        vm.prank(admin);
        f.createIdentity(alice, _salt(alice));
    }

    function test_createIdentity_RevertWhen_WalletHasIdentityOrSaltTaken() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.startPrank(officer);
        address id = f.createIdentity(alice, _salt(alice));
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.WalletHasIdentity.selector, alice, id));
        f.createIdentity(alice, "t");
        // Another wallet's salt (alice's address for bob) is refused: a wallet's identity address is its own.
        address bob = makeAddr("bob");
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidSalt.selector, _salt(alice)));
        f.createIdentity(bob, _salt(alice));
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidSalt.selector, ""));
        f.createIdentity(bob, "");
        // The wallet in upper case, or without 0x, is not its salt either.
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidSalt.selector, vm.toUppercase(_salt(bob))));
        f.createIdentity(bob, vm.toUppercase(_salt(bob)));
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidWallet.selector, address(0)));
        f.createIdentity(address(0), "u");
        address idFactory = address(f.idFactory());
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidWallet.selector, idFactory));
        f.createIdentity(idFactory, "u");
        vm.stopPrank();
    }

    function test_setRegistry_RevertWhen_NotOwnerOrDuplicate() public {
        (IdentityFactory f, IdentityRegistry registry) = _deployPlatform();
        vm.expectRevert(abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", address(this)));
        f.setRegistry(address(registry), false);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidRegistry.selector, address(registry)));
        f.setRegistry(address(registry), true);
        f.setRegistry(address(registry), false);
        vm.stopPrank();
        assertFalse(f.isIdentityCreator(officer));
    }
}
