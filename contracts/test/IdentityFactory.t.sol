// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "forge-std/Test.sol";
import {console2} from "forge-std/console2.sol";
import {IdentityFactory} from "../src/registry/IdentityFactory.sol";
import {IdentityRegistry} from "../src/registry/IdentityRegistry.sol";

interface IKeyHolder {
    function keyHasPurpose(bytes32 key, uint256 purpose) external view returns (bool);
}

/// @dev Tessera's IdentityFactory over ONCHAINID's IdFactory (npm artifacts), deployed through the deterministic
/// CREATE2 deployer: the same factory and identity addresses on two chains (the second chain simulated by reverting
/// the state and changing the chain id and the deployer's nonce).
contract IdentityFactoryTest is Test {
    address internal constant CREATE2_DEPLOYER = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    string internal constant ARTIFACTS = "node_modules/@onchain-id/solidity/artifacts/contracts/";
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
        address id1 = f1.createIdentity(alice, "0xalice");

        vm.revertToState(snapshot);
        vm.chainId(31338);
        new IdentityRegistry(admin); // other deployments first: nonces differ from the first chain's
        vm.setNonce(admin, 42);
        (IdentityFactory f2,) = _deployPlatform();
        vm.prank(officer);
        address id2 = f2.createIdentity(alice, "0xalice");

        assertEq(address(f2), address(f1), "same factory");
        assertEq(address(f2.idFactory()), address(f1.idFactory()), "same ONCHAINID IdFactory");
        assertEq(id2, id1, "same identity");
        assertEq(f2.identityOf(alice), id2);
        assertTrue(IKeyHolder(id2).keyHasPurpose(keccak256(abi.encode(alice)), 1), "the wallet manages it");
        assertFalse(IKeyHolder(id2).keyHasPurpose(keccak256(abi.encode(officer)), 1), "the agent does not");
    }

    /// @dev Gas of an identity created by a registry agent (checks, ONCHAINID's IdFactory, an IdentityProxy).
    function test_gas_CreateIdentity() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.prank(officer);
        uint256 g = gasleft();
        f.createIdentity(alice, "0xalice");
        console2.log("createIdentity (registry agent), gas:", g - gasleft());
    }

    function test_createIdentity_RevertWhen_CallerNotAgentNorOwner() public {
        (IdentityFactory f,) = _deployPlatform();
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.CallerNotIdentityCreator.selector, stranger));
        f.createIdentity(alice, "s");
        vm.prank(admin);
        f.createIdentity(alice, "s");
    }

    function test_createIdentity_RevertWhen_WalletHasIdentityOrSaltTaken() public {
        (IdentityFactory f,) = _deployPlatform();
        vm.startPrank(officer);
        address id = f.createIdentity(alice, "s");
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.WalletHasIdentity.selector, alice, id));
        f.createIdentity(alice, "t");
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidSalt.selector, "s"));
        f.createIdentity(makeAddr("bob"), "s");
        vm.expectRevert(abi.encodeWithSelector(IdentityFactory.InvalidSalt.selector, ""));
        f.createIdentity(makeAddr("bob"), "");
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
